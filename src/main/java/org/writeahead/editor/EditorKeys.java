package org.writeahead.editor;

import static javafx.scene.input.KeyCode.DOWN;
import static javafx.scene.input.KeyCode.ENTER;
import static javafx.scene.input.KeyCode.ESCAPE;
import static javafx.scene.input.KeyCode.R;
import static javafx.scene.input.KeyCode.RIGHT;
import static javafx.scene.input.KeyCode.TAB;
import static javafx.scene.input.KeyCode.UP;
import static javafx.scene.input.KeyCombination.ALT_DOWN;
import static javafx.scene.input.KeyCombination.SHIFT_DOWN;
import static javafx.scene.input.KeyCombination.SHORTCUT_DOWN;
import static org.fxmisc.wellbehaved.event.EventPattern.keyPressed;
import static org.fxmisc.wellbehaved.event.EventPattern.keyTyped;
import static org.fxmisc.wellbehaved.event.InputMap.consume;
import static org.fxmisc.wellbehaved.event.InputMap.consumeWhen;
import static org.fxmisc.wellbehaved.event.InputMap.sequence;

import javafx.scene.input.KeyEvent;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.wellbehaved.event.InputMap;
import org.fxmisc.wellbehaved.event.Nodes;

/**
 * Every key WriteAhead adds to the text area, in one place. TAB always belongs to WriteAhead (it
 * never types a tab character); the list's keys act only while the list is open and otherwise do
 * what they always do.
 */
final class EditorKeys {

    private EditorKeys() {}

    static void install(StyleClassedTextArea area, SuggestionController s) {
        InputMap<KeyEvent> keys = sequence(
                consume(keyPressed(TAB), e -> s.tab()),
                consume(keyPressed(TAB, SHIFT_DOWN), e -> s.shorten()),
                // The platform also sends a typed "\t"; it must not reach the text either.
                consume(keyTyped("\t")),
                consumeWhen(keyPressed(DOWN), s::isOpen, e -> s.selectNext()),
                consumeWhen(keyPressed(UP), s::isOpen, e -> s.selectPrevious()),
                consumeWhen(keyPressed(ENTER), s::isOpen, e -> s.accept()),
                consumeWhen(keyPressed(ESCAPE), s::isOpen, e -> s.close()),
                consumeWhen(keyPressed(R, SHORTCUT_DOWN), s::isOpen, e -> s.resample()),
                consumeWhen(keyPressed(RIGHT, SHORTCUT_DOWN), s::isOpen, e -> s.acceptWord()),
                consumeWhen(keyPressed(RIGHT, ALT_DOWN), s::isOpen, e -> s.acceptWord()));
        Nodes.addInputMap(area, keys);
    }
}
