package dev.quire.ui.connection;

import dev.quire.aws.AwsProfile;
import dev.quire.ui.common.Fx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.util.StringConverter;

/** The fields and checks the backends' forms share. */
final class FormFields {

    static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "sa-east-1");

    static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(32);
        return field;
    }

    static ComboBox<String> regions(String id) {
        ComboBox<String> region = new ComboBox<>();
        region.setEditable(true);
        region.getItems().setAll(REGIONS);
        region.setId(id);
        return region;
    }

    /** The AWS profiles of the user's files, read in the background; choosing one sets the region it names. */
    static ComboBox<String> awsProfiles(String id, ComboBox<String> region) {
        ComboBox<String> awsProfile = new ComboBox<>();
        awsProfile.setEditable(true);
        awsProfile.setPromptText("default credentials");
        awsProfile.setId(id);
        CompletableFuture.supplyAsync(AwsProfile::list).whenCompleteAsync((profiles, error) -> {
            if (profiles != null) {
                profiles.forEach(p -> awsProfile.getItems().add(p.name()));
            }
        }, Fx.THREAD);
        awsProfile.valueProperty().addListener((obs, old, chosen) -> CompletableFuture.supplyAsync(AwsProfile::list)
                .thenAcceptAsync(profiles -> profiles.stream().filter(p -> p.name().equals(chosen)
                        && p.region() != null).findFirst().ifPresent(p -> region.setValue(p.region())), Fx.THREAD));
        return awsProfile;
    }

    /** Shows a choice's values by the given labels (read-only: the choices are never typed). */
    static <T> StringConverter<T> converter(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }

    /** Adds a labelled row; the label's id is the field's with "-label" after it. */
    static void row(GridPane grid, String label, Node field) {
        Label text = new Label(label);
        if (field.getId() != null) {
            text.setId(field.getId() + "-label");
        }
        grid.addRow(grid.getRowCount(), text, field);
    }

    /** What is wrong with an optional endpoint field's text, or null. */
    static String endpointProblem(TextField endpoint) {
        if (endpoint.getText().isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(endpoint.getText().strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "The endpoint must be a URL such as https://host:443.";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "The endpoint is not a valid URL: " + e.getMessage();
        }
    }

    /** The endpoint field's URL, or null when it is blank (read it after {@link #endpointProblem}). */
    static URI endpoint(TextField endpoint) {
        return endpoint.getText().isBlank() ? null : URI.create(endpoint.getText().strip());
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private FormFields() {
    }
}
