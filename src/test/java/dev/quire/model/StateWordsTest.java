package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** States in the words each backend's console uses. */
class StateWordsTest {

    @Test
    void eachBackendsStatesReadAsItsConsoleSaysThem() {
        assertEquals("Finished", StateWords.of("FINISHED"));
        assertEquals("Running", StateWords.of("STARTED"));
        assertEquals("Cancelled", StateWords.of("ABORTED"));
        assertEquals("Completed", StateWords.of("SUCCEEDED"));
        assertEquals("Completed", StateWords.of("COMPLETED"));
        assertEquals("Canceled", StateWords.of("CANCELED"));
        assertEquals("Queued", StateWords.of("ENQUEUED"));
        assertEquals("Some new state", StateWords.of("SOME_NEW_STATE"));
        assertEquals("", StateWords.of(null));
    }
}
