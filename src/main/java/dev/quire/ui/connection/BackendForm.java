package dev.quire.ui.connection;

import dev.quire.model.BackendSettings;
import dev.quire.model.ConnectionProfile.Backend;
import javafx.scene.Node;

/**
 * One backend's part of the connection dialog: its fields, read into that backend's settings. A
 * backend joins the dialog's chooser by adding its form to {@link ConnectionDialog#forms}.
 */
interface BackendForm {

    Backend backend();

    /** The fields, laid out. */
    Node view();

    /** Fills the fields from saved settings of this form's backend, or with the defaults when null. */
    void fill(BackendSettings settings);

    /** What the fields cannot be read as (an endpoint that is not a URL), else what the settings miss; or null. */
    String problem();

    /** The settings the fields describe. */
    BackendSettings settings();
}
