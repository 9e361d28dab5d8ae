package org.writeahead.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.generate.StopAt;

class SettingsTest {

    @TempDir
    Path dir;

    private static Settings with(int n, int len, double t, int k, double p, double rep, double time) {
        return new Settings(n, len, t, k, p, rep, time, false, DeviceChoice.AUTO, "gpt2", true, false);
    }

    @Test
    void absurdValuesAreRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(0, 20, 1, 0, 0.9, 1, 0)).getMessage().startsWith("number of suggestions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(6, 20, 1, 0, 0.9, 1, 0)).getMessage().startsWith("number of suggestions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 0, 1, 0, 0.9, 1, 0)).getMessage().startsWith("length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 5000, 1, 0, 0.9, 1, 0)).getMessage().startsWith("length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, -1, 0, 0.9, 1, 0)).getMessage().startsWith("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, Double.NaN, 0, 0.9, 1, 0)).getMessage().startsWith("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, 1, -3, 0.9, 1, 0)).getMessage().startsWith("top-k"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, 1, 0, 0, 1, 0)).getMessage().startsWith("top-p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, 1, 0, 1.5, 1, 0)).getMessage().startsWith("top-p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, 1, 0, 0.9, 0.5, 0)).getMessage().startsWith("repetition"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, 1, 0, 0.9, 1, 0.01)).getMessage().startsWith("max time"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(3, 20, 1, 0, 0.9, 1, 1e6)).getMessage().startsWith("max time"));
    }

    @Test
    void becomesTheEngineRequest() {
        Settings s = new Settings(4, 30, 0.7, 40, 0.95, 1.2, 2.5, true, DeviceChoice.CPU, "gpt2", true, false);
        CompletionRequest r = s.request("Once", 4, 30, 9);
        assertEquals("Once", r.text());
        assertEquals(4, r.count());
        assertEquals(30, r.maxTokens());
        assertEquals(0.7, r.sampling().temperature());
        assertEquals(40, r.sampling().topK());
        assertEquals(0.95, r.sampling().topP());
        assertEquals(1.2, r.sampling().repetitionPenalty());
        assertEquals(Duration.ofMillis(2500), r.maxTime());
        assertEquals(StopAt.SENTENCE, r.stopAt());
        assertNull(Settings.defaults().request("x", 3, 20, 1).maxTime());
        assertTrue(with(3, 20, 0, 0, 0.9, 1, 0).request("x", 3, 20, 1).sampling().isGreedy());
    }

    @Test
    void persistsAndReadsBack() throws IOException {
        SettingsStore store = new SettingsStore(dir.resolve("cfg"));
        assertEquals(Settings.defaults(), store.load());
        Settings s = new Settings(5, 64, 0.8, 50, 0.8, 1.3, 10, true, DeviceChoice.GPU, "/models/mine", false, true);
        store.save(s);
        assertEquals(s, new SettingsStore(dir.resolve("cfg")).load());
    }

    @Test
    void aCorruptOrAbsurdFileGivesTheDefaults() throws IOException {
        SettingsStore store = new SettingsStore(dir);
        Files.writeString(store.file(), "{ this is not json");
        assertEquals(Settings.defaults(), store.load());
        assertEquals("settings.json could not be read, so the default settings are used (the file is kept as settings.json.bad)",
                store.problem());
        assertEquals("{ this is not json", Files.readString(dir.resolve("settings.json.bad")), "the user's file is kept");
        Files.writeString(store.file(), "{\"suggestions\": 99, \"temperature\": 0.5}");
        assertEquals(Settings.defaults(), store.load());
        assertTrue(store.problem().startsWith("settings.json has a value out of range ("), store.problem());
        Files.writeString(store.file(), "{\"suggestions\": 2, \"device\": \"tpu\"}");
        assertEquals(2, store.load().suggestions());
        assertEquals(DeviceChoice.AUTO, store.load().device());
        assertNull(store.problem(), "a value it cannot use is skipped without a fuss");
    }

    @Test
    void recentFilesAreNewestFirstWithoutDuplicatesAndKeepTheSettings() throws IOException {
        SettingsStore store = new SettingsStore(dir);
        Settings s = Settings.defaults().withDarkTheme(true);
        store.save(s);
        store.addRecent(dir.resolve("a.txt"));
        store.addRecent(dir.resolve("b.txt"));
        store.addRecent(dir.resolve("a.txt"));
        assertEquals(List.of(dir.resolve("a.txt").toAbsolutePath(), dir.resolve("b.txt").toAbsolutePath()), store.recentFiles());
        assertEquals(s, store.load());
        for (int i = 0; i < 20; i++) {
            store.addRecent(dir.resolve(i + ".txt"));
        }
        assertEquals(SettingsStore.MAX_RECENT, store.recentFiles().size());
    }

    @Test
    void theGpt2BarDismissalPersistsAndSurvivesSavingTheSettings() throws IOException {
        SettingsStore store = new SettingsStore(dir);
        assertFalse(store.gpt2BarDismissed());
        store.dismissGpt2Bar();
        store.save(Settings.defaults().withModel("gpt2"));
        SettingsStore again = new SettingsStore(dir);
        assertTrue(again.gpt2BarDismissed());
        assertEquals("gpt2", again.load().model());
    }

    @Test
    void directoriesCanBeOverriddenBySystemProperties() {
        String oldConfig = System.getProperty(AppDirs.CONFIG_PROPERTY);
        String oldData = System.getProperty(AppDirs.DATA_PROPERTY);
        try {
            System.setProperty(AppDirs.CONFIG_PROPERTY, dir.resolve("c").toString());
            System.setProperty(AppDirs.DATA_PROPERTY, dir.resolve("d").toString());
            AppDirs dirs = AppDirs.fromEnvironment();
            assertEquals(dir.resolve("c"), dirs.config());
            assertEquals(dir.resolve("d").resolve("autosave"), dirs.autosave());
        } finally {
            restore(AppDirs.CONFIG_PROPERTY, oldConfig);
            restore(AppDirs.DATA_PROPERTY, oldData);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
