package org.writeahead.editor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.input.InputMethodEvent;
import javafx.scene.input.MouseEvent;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.writeahead.settings.Settings;
import org.writeahead.suggest.ModelService;
import org.writeahead.suggest.Suggester;
import org.writeahead.suggest.SuggestionSession;
import org.writeahead.suggest.SuggestionWorker;

/**
 * TAB's behaviour: asks for candidates at the caret, streams them into the popup, inserts the one
 * chosen as one undo step (marked as the model's text), and drops everything when the user moves
 * on. The state lives in {@link SuggestionSession}; this class connects it to the text area, the
 * background worker and the popup.
 */
final class SuggestionController {

    /** Characters before the caret sent to the engine, which keeps only the tail that fits its context. */
    static final int PROMPT_CHARS = 8000;
    /** Characters after the caret looked at for joining. */
    static final int AFTER_CHARS = 8;
    static final String MODEL_STYLE = "model-text";
    /** A pause in typing this long feeds the prompt to the model before TAB is pressed. */
    static final javafx.util.Duration PREPARE_PAUSE = javafx.util.Duration.millis(400);

    /** Where the state of the generation is shown (the status bar). */
    interface Status {
        void generating(double tokensPerSecond);

        void idle();
    }

    private final StyleClassedTextArea area;
    private final ModelService models;
    private final Supplier<Settings> settings;
    private final Supplier<String> noModelMessage;
    private final Status status;
    private final SuggestionSession session = new SuggestionSession();
    private final SuggestionWorker worker = new SuggestionWorker(Platform::runLater);
    private final SuggestionPopup popup;
    private boolean inserting;
    private boolean composing;
    /** TAB came again while the candidates were still being written: lengthen them once they are done. */
    private boolean lengthenWhenDone;
    /** Typing pauses: after {@link #PREPARE_PAUSE} the text before the caret is prefilled on its own thread. */
    private final PauseTransition preparePause = new PauseTransition(PREPARE_PAUSE);
    private final AtomicLong prepareEpoch = new AtomicLong(); // a keystroke makes a queued prepare stale
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "writeahead-prepare");
        t.setDaemon(true);
        return t;
    });

    SuggestionController(StyleClassedTextArea area, ModelService models, Supplier<Settings> settings, Supplier<String> noModelMessage,
            Status status) {
        this.area = area;
        this.models = models;
        this.settings = settings;
        this.noModelMessage = noModelMessage;
        this.status = status;
        this.popup = new SuggestionPopup(this::acceptRow);
        area.getCaretSelectionBind().caretBoundsProperty().addListener((obs, old, bounds) -> popup.follow(bounds));
        area.caretPositionProperty().addListener((obs, old, pos) -> userMovedOn());
        area.plainTextChanges().subscribe(change -> {
            userMovedOn();
            typed();
        });
        preparePause.setOnFinished(e -> prepare());
        area.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> close());
        area.addEventFilter(InputMethodEvent.INPUT_METHOD_TEXT_CHANGED, e -> composing = !e.getComposed().isEmpty());
    }

    boolean isOpen() {
        return session.isOpen();
    }

    SuggestionSession session() {
        return session;
    }

    SuggestionPopup popup() {
        return popup;
    }

    /** TAB: open the list, or make its candidates longer. */
    void tab() {
        if (composing) {
            return;
        }
        if (session.isOpen()) {
            if (session.state() == SuggestionSession.State.READY) {
                session.lengthen().ifPresent(this::submit);
            } else {
                lengthenWhenDone = true;
            }
            refresh();
            return;
        }
        int caret = area.getCaretPosition();
        String before = area.getText(Math.max(0, caret - PROMPT_CHARS), caret);
        String after = area.getText(caret, Math.min(area.getLength(), caret + AFTER_CHARS));
        Optional<SuggestionSession.Request> request =
                session.open(caret, before, after, settings.get().suggestions(), models.current() != null);
        request.ifPresent(this::submit);
        refresh();
    }

    /** Shift+TAB: back to the previous length. */
    void shorten() {
        lengthenWhenDone = false;
        if (session.shorten()) {
            worker.cancel();
            status.idle();
        }
        refresh();
    }

    void resample() {
        lengthenWhenDone = false;
        session.resample().ifPresent(this::submit);
        refresh();
    }

    void selectNext() {
        session.selectNext();
        refresh();
    }

    void selectPrevious() {
        session.selectPrevious();
        refresh();
    }

    /** Enter or a click: inserts the selected candidate (nothing while it has no words yet). */
    void accept() {
        lengthenWhenDone = false;
        Optional<SuggestionSession.Insertion> insertion = session.accept();
        if (insertion.isPresent()) {
            worker.cancel();
            status.idle();
            popup.hide();
            insert(insertion.get());
        }
        refresh();
    }

    /** Ctrl+Right: inserts the next word of the selected candidate; the list stays on the rest. */
    void acceptWord() {
        lengthenWhenDone = false;
        Optional<SuggestionSession.Insertion> insertion = session.acceptWord();
        if (insertion.isPresent()) {
            worker.cancel();
            status.idle();
            insert(insertion.get());
        }
        refresh();
    }

    /** Esc, or the user moved on: the list goes and the running generation stops. */
    void close() {
        lengthenWhenDone = false;
        if (session.isOpen()) {
            session.close();
            worker.cancel();
            status.idle();
        }
        popup.hide();
    }

    /** The model finished loading: a list that was waiting for it starts. */
    void modelChanged() {
        session.modelReady().ifPresent(this::submit);
        refresh();
    }

    void shutdown() {
        close();
        worker.close();
        preparePause.stop();
        prepareEpoch.incrementAndGet();
        preparer.shutdownNow();
    }

    /** A keystroke: a prepare not yet begun is dropped, and the pause starts again. */
    private void typed() {
        prepareEpoch.incrementAndGet();
        preparePause.playFromStart();
    }

    /** The pause is over: feed the text before the caret to the model, off the UI thread. */
    private void prepare() {
        Suggester suggester = models.current();
        if (suggester == null || session.isOpen() || composing || preparer.isShutdown()) {
            return;
        }
        int caret = area.getCaretPosition();
        String before = area.getText(Math.max(0, caret - PROMPT_CHARS), caret);
        long mine = prepareEpoch.get();
        preparer.execute(() -> {
            if (mine != prepareEpoch.get()) {
                return;
            }
            try {
                suggester.prepare(before);
            } catch (RuntimeException e) {
                // Only a head start: the TAB's own request feeds the prompt and reports what fails.
            }
        });
    }

    private void acceptRow(int row) {
        session.select(row);
        accept();
        area.requestFocus();
    }

    private void userMovedOn() {
        if (!inserting) {
            close();
        }
    }

    private void submit(SuggestionSession.Request request) {
        Suggester suggester = models.current();
        if (suggester == null) {
            return;
        }
        status.generating(0);
        worker.submit(suggester, request, settings.get(), new SuggestionWorker.Callbacks() {
            @Override
            public void onText(long epoch, int row, String text, double tokensPerSecond) {
                if (session.onText(epoch, row, text)) {
                    status.generating(tokensPerSecond);
                    refresh();
                }
            }

            @Override
            public void onDone(long epoch, List<String> texts, double tokensPerSecond) {
                if (session.onDone(epoch, texts)) {
                    status.idle();
                    if (lengthenWhenDone) {
                        lengthenWhenDone = false;
                        session.lengthen().ifPresent(request -> submit(request));
                    }
                    refresh();
                }
            }

            @Override
            public void onFailed(long epoch, String message) {
                if (session.onFailed(epoch, message)) {
                    status.idle();
                    refresh();
                }
            }
        });
    }

    /** One undo step, marked as the model's text; the caret goes after it. */
    private void insert(SuggestionSession.Insertion insertion) {
        inserting = true;
        try {
            area.getUndoManager().preventMerge();
            area.insert(insertion.offset(), insertion.text(), MODEL_STYLE);
            area.getUndoManager().preventMerge();
            area.moveTo(insertion.offset() + insertion.text().length());
            area.requestFollowCaret();
        } finally {
            inserting = false;
        }
    }

    private void refresh() {
        if (!session.isOpen()) {
            popup.hide();
            return;
        }
        String busy = null;
        String note = session.message();
        switch (session.state()) {
            case WAITING_FOR_MODEL -> {
                if (models.isLoading()) {
                    busy = "loading model…";
                } else {
                    note = noModelMessage.get();
                }
            }
            case GENERATING -> busy = session.hasWords() ? null : "writing…";
            default -> { }
        }
        List<String> rows = session.displays();
        if (session.state() == SuggestionSession.State.GENERATING) {
            rows = rows.stream().map(r -> r.isEmpty() ? "…" : r).toList();
            if (!session.hasWords()) {
                rows = List.of();
            }
        }
        popup.update(area.getScene() == null ? null : area.getScene().getWindow(), rows, session.selected(), busy, note);
        popup.follow(area.getCaretSelectionBind().getCaretBounds());
    }
}
