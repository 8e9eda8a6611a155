package dev.quire.local.server;

/** A response ready to send. */
record Reply(int status, String contentType, byte[] body) {
}
