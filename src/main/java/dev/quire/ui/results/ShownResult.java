package dev.quire.ui.results;

import dev.quire.service.ResultCursor;

/** A result set to show: its title (the statement), its statement's id and its cursor. */
public record ShownResult(String title, String statementId, ResultCursor cursor) {
}
