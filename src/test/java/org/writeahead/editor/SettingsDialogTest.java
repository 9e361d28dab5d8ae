package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;

import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.settings.Settings;

/** The Settings dialog refuses absurd values, says which, and returns what was typed. */
@ExtendWith(ApplicationExtension.class)
class SettingsDialogTest {

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void absurdValuesDisableOkAndSayWhich() {
        SettingsDialog d = fx(() -> new SettingsDialog(null, Settings.defaults()));
        assertFalse(fx(() -> d.dialog.getDialogPane().lookupButton(ButtonType.OK).isDisable()));
        fx(() -> {
            d.temperature.setText("hot");
            return null;
        });
        assertTrue(fx(() -> d.dialog.getDialogPane().lookupButton(ButtonType.OK).isDisable()));
        assertEquals("temperature must be a number, got \"hot\"", fx(d.error::getText));
        fx(() -> {
            d.temperature.setText("0.7");
            d.topP.setText("1.5");
            return null;
        });
        assertEquals("top-p must be above 0 and at most 1, got 1.5", fx(d.error::getText));
        fx(() -> {
            d.topP.setText("0.95");
            d.length.setText("9999");
            return null;
        });
        assertTrue(fx(d.error::getText).startsWith("length must be between 1 and 200"));
        fx(() -> {
            d.length.setText("40");
            d.suggestions.getValueFactory().setValue(5);
            d.topK.setText("50");
            d.repetition.setText("1.2");
            d.maxTime.setText("3");
            d.stopAtSentence.setSelected(true);
            d.device.setValue(DeviceChoice.GPU);
            return null;
        });
        assertEquals("", fx(d.error::getText));
        assertFalse(fx(() -> d.dialog.getDialogPane().lookupButton(ButtonType.OK).isDisable()));
        Settings s = fx(() -> d.read().orElseThrow());
        assertEquals(new Settings(5, 40, 0.7, 50, 0.95, 1.2, 3, true, DeviceChoice.GPU, Settings.defaults().model(), true, false), s);
    }
}
