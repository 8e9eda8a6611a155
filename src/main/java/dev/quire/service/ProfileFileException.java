package dev.quire.service;

import java.io.IOException;

/** The saved connections file cannot be read; the message says why and what can be done. */
public class ProfileFileException extends IOException {

    public ProfileFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
