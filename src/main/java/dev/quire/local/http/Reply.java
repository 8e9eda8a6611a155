package dev.quire.local.http;

/** A response ready to send. */
public record Reply(int status, String contentType, byte[] body) {
}
