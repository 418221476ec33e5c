package io.rapport.service.macros;

/** A macro rendered for one ticket: {@code text} with HTML-escaped values, {@code plainText} for a text area. */
public record MacroPreview(long macroId, long ticketId, String text, String plainText, FieldChanges changes) {}
