package org.writeahead.editor;

import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * The list of candidates at the caret: below it, or above it when there is no room below on the
 * screen; hidden while the caret is scrolled out of view (empty caret bounds). It only shows; the
 * keys stay with the text area (nothing in it takes focus or consumes a key).
 */
final class SuggestionPopup {

    static final double GAP = 4;
    static final double MAX_WIDTH = 520;
    static final double MIN_WIDTH = 220;

    private final Popup popup = new Popup();
    private final VBox box = new VBox();
    private final HBox busy = new HBox(8);
    private final Label busyText = new Label();
    private final IntConsumer onClick;
    private Window owner;
    private Optional<Bounds> caret = Optional.empty();
    private List<String> rows = List.of();
    private int selected;
    private String busyMessage;
    private String note;
    private int shownChars = Integer.MAX_VALUE;

    SuggestionPopup(IntConsumer onClick) {
        this.onClick = onClick;
        box.getStyleClass().add("suggestion-popup");
        box.setFocusTraversable(false);
        box.setMaxWidth(MAX_WIDTH);
        box.setMinWidth(MIN_WIDTH);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("suggestion-spinner");
        spinner.setPrefSize(16, 16);
        spinner.setFocusTraversable(false);
        busy.getChildren().addAll(spinner, busyText);
        busy.getStyleClass().add("suggestion-busy");
        popup.getContent().add(box);
        popup.setAutoHide(false);
        popup.setHideOnEscape(false);
        popup.setAutoFix(false);
        popup.setConsumeAutoHidingEvents(false);
    }

    /**
     * Shows the rows; {@code busyMessage} (e.g. "loading model…") adds a spinner row, null
     * hides it; {@code note} is a line without a spinner (e.g. "no suggestion").
     */
    void update(Window ownerWindow, List<String> rows, int selected, String busyMessage, String note) {
        owner = ownerWindow;
        this.rows = List.copyOf(rows);
        this.selected = selected;
        this.busyMessage = busyMessage;
        this.note = note;
        render(Integer.MAX_VALUE); // place() shortens the rows if the list does not fit
        if (owner != null && owner.getScene() != null) {
            // The popup is a window of its own: it takes the editor's stylesheet and theme.
            if (!box.getStylesheets().equals(owner.getScene().getStylesheets())) {
                box.getStylesheets().setAll(owner.getScene().getStylesheets());
            }
            boolean dark = owner.getScene().getRoot().getStyleClass().contains("dark");
            if (dark != box.getStyleClass().contains("dark")) {
                if (dark) {
                    box.getStyleClass().add("dark");
                } else {
                    box.getStyleClass().remove("dark");
                }
            }
        }
        place();
    }

    /** Builds the rows, each shown with at most {@code maxChars} characters. */
    private void render(int maxChars) {
        shownChars = maxChars;
        box.getChildren().clear();
        for (int i = 0; i < rows.size(); i++) {
            Label row = new Label(shorten(shown(rows.get(i)), maxChars));
            row.getStyleClass().add("suggestion-row");
            if (i == selected) {
                row.getStyleClass().add("selected");
            }
            row.setWrapText(true);
            row.setMaxWidth(MAX_WIDTH - 10);
            row.setMinHeight(Label.USE_PREF_SIZE);
            int index = i;
            row.setOnMouseClicked(e -> onClick.accept(index));
            box.getChildren().add(row);
        }
        if (busyMessage != null) {
            busyText.setText(busyMessage);
            box.getChildren().add(busy);
        }
        if (note != null) {
            Label n = new Label(note);
            n.getStyleClass().add("suggestion-note");
            n.setWrapText(true);
            n.setMaxWidth(MAX_WIDTH);
            box.getChildren().add(n);
        }
    }

    /** The caret moved on screen (scrolling, window moves): follow it, or hide if it is out of view. */
    void follow(Optional<Bounds> caretBounds) {
        caret = caretBounds == null ? Optional.empty() : caretBounds;
        if (popup.isShowing() || owner != null) {
            place();
        }
    }

    void hide() {
        owner = null;
        popup.hide();
    }

    boolean isShowing() {
        return popup.isShowing();
    }

    Popup popup() {
        return popup;
    }

    VBox content() {
        return box;
    }

    private void place() {
        if (owner == null || caret.isEmpty() || !owner.isShowing()) {
            popup.hide();
            return;
        }
        Bounds c = caret.get();
        if (!popup.isShowing()) {
            popup.show(owner, c.getMinX(), c.getMaxY() + GAP);
        }
        Rectangle2D screen = screenOf(c);
        double below = screen.getMaxY() - (c.getMaxY() + GAP);
        double above = c.getMinY() - GAP - screen.getMinY();
        double width = layOut();
        double height = box.prefHeight(width);
        // Too tall for either side: shorten the rows in proportion (fonts differ, so measure
        // again) until the list fits.
        for (int tries = 0; tries < 6 && height > Math.max(below, above) && shownChars > 8; tries++) {
            int fewer = (int) (Math.min(shownChars, longestRow()) * Math.max(below, above) / height * 0.9);
            render(Math.max(8, fewer));
            width = layOut();
            height = box.prefHeight(width);
        }
        double x = Math.max(screen.getMinX(), Math.min(c.getMinX(), screen.getMaxX() - width));
        double y = c.getMaxY() + GAP;
        if (height > below && above > below) {
            // Above the caret, but never off the top of the screen.
            y = Math.max(screen.getMinY(), c.getMinY() - GAP - height);
        }
        popup.setX(x);
        popup.setY(y);
    }

    private static Rectangle2D screenOf(Bounds c) {
        List<Screen> screens = Screen.getScreensForRectangle(c.getMinX(), c.getMinY(), Math.max(1, c.getWidth()), Math.max(1, c.getHeight()));
        Screen screen = screens.isEmpty() ? Screen.getPrimary() : screens.get(0);
        return screen.getVisualBounds();
    }

    /** Lays the box out at its width; returns the width. */
    private double layOut() {
        box.applyCss();
        box.layout();
        double width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, box.prefWidth(-1)));
        box.resize(width, box.prefHeight(width));
        return width;
    }

    private int longestRow() {
        int longest = 0;
        for (String row : rows) {
            longest = Math.max(longest, shown(row).length());
        }
        return longest;
    }

    /**
     * A candidate too long to show whole keeps its start and its end (where TAB added the newest
     * words) around an ellipsis; inserting it still inserts all of it.
     */
    static String shorten(String text, int maxChars) {
        if (text.length() <= maxChars || maxChars < 8) {
            return text;
        }
        int head = (maxChars - 3) / 3;
        int tail = maxChars - 3 - head;
        int start = head;
        int end = text.length() - tail;
        // Never cut a surrogate pair in two.
        if (Character.isLowSurrogate(text.charAt(start)) && start > 0) {
            start--;
        }
        if (Character.isLowSurrogate(text.charAt(end)) && end < text.length() - 1) {
            end++;
        }
        return text.substring(0, start) + " … " + text.substring(end);
    }

    /** Line breaks are shown as a visible mark so that a candidate stays one readable row. */
    private static String shown(String text) {
        return text.replace("\r\n", " ⏎ ").replace("\n", " ⏎ ");
    }
}
