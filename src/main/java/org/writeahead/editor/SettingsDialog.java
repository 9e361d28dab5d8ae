package org.writeahead.editor;

import java.util.Locale;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.settings.Settings;

/**
 * Settings…: the sampling knobs of Write With Transformer and a few more. What is typed is checked
 * by {@link Settings} itself; while a value is absurd the dialog says which and OK is disabled.
 */
final class SettingsDialog {

    final Dialog<Settings> dialog = new Dialog<>();
    final Spinner<Integer> suggestions = new Spinner<>(1, Settings.MAX_SUGGESTIONS, 3);
    final TextField length = new TextField();
    final TextField temperature = new TextField();
    final TextField topK = new TextField();
    final TextField topP = new TextField();
    final TextField repetition = new TextField();
    final TextField maxTime = new TextField();
    final CheckBox stopAtSentence = new CheckBox("Stop at the end of a sentence");
    final ChoiceBox<DeviceChoice> device = new ChoiceBox<>();
    final Label error = new Label();
    private final Settings initial;

    SettingsDialog(Window owner, Settings current) {
        this.initial = current;
        dialog.initOwner(owner);
        dialog.setTitle("Settings");
        dialog.setHeaderText("How WriteAhead writes");
        suggestions.getValueFactory().setValue(current.suggestions());
        suggestions.setEditable(true);
        length.setText(Integer.toString(current.lengthTokens()));
        temperature.setText(num(current.temperature()));
        topK.setText(Integer.toString(current.topK()));
        topP.setText(num(current.topP()));
        repetition.setText(num(current.repetitionPenalty()));
        maxTime.setText(num(current.maxTimeSeconds()));
        stopAtSentence.setSelected(current.stopAtSentence());
        device.getItems().setAll(DeviceChoice.values());
        device.setConverter(new StringConverter<>() {
            @Override
            public String toString(DeviceChoice d) {
                return d == null ? "" : d == DeviceChoice.AUTO ? "Auto (GPU if there is one)" : d.name();
            }

            @Override
            public DeviceChoice fromString(String s) {
                return DeviceChoice.parse(s.split(" ")[0]);
            }
        });
        device.setValue(current.device());
        error.getStyleClass().add("settings-error");
        error.setWrapText(true);
        error.setMaxWidth(420);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        int row = 0;
        row = add(grid, row, "Number of suggestions (1–5)", suggestions);
        row = add(grid, row, "Length (tokens per TAB, 1–200)", length);
        row = add(grid, row, "Temperature (0 = always the likeliest)", temperature);
        row = add(grid, row, "Top-k (0 = off)", topK);
        row = add(grid, row, "Top-p (1 = off)", topP);
        row = add(grid, row, "Repetition penalty (1 = off)", repetition);
        row = add(grid, row, "Max time, seconds (0 = none)", maxTime);
        grid.add(stopAtSentence, 0, row++, 2, 1);
        row = add(grid, row, "Device (used from the next model load)", device);
        grid.add(error, 0, row, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (owner != null && owner.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }

        for (TextField f : new TextField[] {length, temperature, topK, topP, repetition, maxTime}) {
            f.textProperty().addListener((o, a, b) -> validate());
        }
        suggestions.getEditor().textProperty().addListener((o, a, b) -> validate());
        stopAtSentence.selectedProperty().addListener((o, a, b) -> validate());
        device.valueProperty().addListener((o, a, b) -> validate());
        dialog.setResultConverter(button -> button == ButtonType.OK ? read().orElse(null) : null);
        validate();
    }

    Optional<Settings> showAndWait() {
        return dialog.showAndWait();
    }

    /** The settings as typed, or empty (and the message shown) if one of them is absurd. */
    Optional<Settings> read() {
        try {
            Settings s = new Settings(
                    parseInt(suggestions.getEditor().getText(), "number of suggestions"),
                    parseInt(length.getText(), "length"),
                    parseDouble(temperature.getText(), "temperature"),
                    parseInt(topK.getText(), "top-k"),
                    parseDouble(topP.getText(), "top-p"),
                    parseDouble(repetition.getText(), "repetition penalty"),
                    parseDouble(maxTime.getText(), "max time"),
                    stopAtSentence.isSelected(),
                    device.getValue(),
                    initial.model(),
                    initial.showMarks(),
                    initial.darkTheme());
            error.setText("");
            return Optional.of(s);
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            return Optional.empty();
        }
    }

    private void validate() {
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        boolean valid = read().isPresent();
        if (ok != null) {
            ok.setDisable(!valid);
        }
    }

    private static int add(GridPane grid, int row, String label, Node field) {
        grid.add(new Label(label), 0, row);
        grid.add(field, 1, row);
        return row + 1;
    }

    private static int parseInt(String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got \"" + text.trim() + "\"");
        }
    }

    private static double parseDouble(String text, String what) {
        try {
            double v = Double.parseDouble(text.trim().replace(',', '.'));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got \"" + text.trim() + "\"");
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }
}
