package dev.quire.ui.connection;

import dev.quire.client.Secrets;
import dev.quire.model.SecretRef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;

/**
 * Asks the user for a Dremio token or password that was found nowhere, once per start and
 * reference: the answer is kept in memory only. Called on a client's thread, which waits for the
 * dialog; on the FX thread it asks nothing, as that thread never waits.
 */
public final class SecretPrompt implements Secrets.Prompt {

    private final Map<SecretRef, String> given = new ConcurrentHashMap<>();

    @Override
    public String ask(SecretRef ref) {
        if (Platform.isFxApplicationThread()) {
            return null;
        }
        SecretRef key = ref == null ? new SecretRef(null, null) : ref;
        synchronized (this) {
            String known = given.get(key);
            if (known != null) {
                return known;
            }
            CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(dialog(ref).showAndWait().filter(text -> !text.isBlank()));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            String value = answer.join().orElse(null);
            if (value != null) {
                given.put(key, value);
            }
            return value;
        }
    }

    private static Dialog<String> dialog(SecretRef ref) {
        PasswordField field = new PasswordField();
        field.setId("secret-prompt-field");
        field.setPrefColumnCount(32);
        String where = ref == null || ref.name() == null ? "" : ref.store() == SecretRef.Store.KEYRING
                ? " (the keyring has no entry \"" + ref.name() + "\")"
                : " (" + ref.name() + " is not set)";
        Label text = new Label("Enter the Dremio token or password" + where + ". It is kept until Quire closes.");
        text.setWrapText(true);
        text.setMaxWidth(420);
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("Dremio sign-in");
        dialog.getDialogPane().setContent(new VBox(8, text, field));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).setId("secret-prompt-ok");
        dialog.setResultConverter(button -> button == ButtonType.OK ? field.getText() : null);
        dialog.setOnShown(e -> field.requestFocus());
        return dialog;
    }
}
