package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.writeahead.hub.DownloadProgress;
import org.writeahead.hub.DownloadProgress.Phase;

class DownloadTextTest {

    @Test
    void bytesInDecimalUnits() {
        assertEquals("512 B", DownloadText.bytes(512));
        assertEquals("1.5 kB", DownloadText.bytes(1_500));
        assertEquals("8.1 MB", DownloadText.bytes(8_051_266));
        assertEquals("549 MB", DownloadText.bytes(548_700_000));
        assertEquals("6.43 GB", DownloadText.bytes(6_431_000_000L));
    }

    @Test
    void speedAndTimeLeft() {
        assertEquals("—", DownloadText.speed(0));
        assertEquals("—", DownloadText.speed(Double.NaN));
        assertEquals("4.2 MB/s", DownloadText.speed(4_200_000));
        assertEquals("296 kB/s", DownloadText.speed(296_000));
        assertEquals("estimating time left", DownloadText.timeLeft(Double.NaN));
        assertEquals("1 s left", DownloadText.timeLeft(0.2));
        assertEquals("45 s left", DownloadText.timeLeft(45));
        assertEquals("2 min 5 s left", DownloadText.timeLeft(125));
        assertEquals("1 h 3 min left", DownloadText.timeLeft(3790));
    }

    @Test
    void theProgressLine() {
        DownloadProgress p = new DownloadProgress("model.safetensors", Phase.DOWNLOADING, 3_000_000, 6_545_344, 4_505_922, 8_051_266,
                1_100_000, 3.2);
        assertEquals("4.5 MB of 8.1 MB in all · 1.1 MB/s · 4 s left", DownloadText.line(p));
        assertEquals("model.safetensors: downloading", DownloadText.phase(p));
        assertEquals("55%", DownloadText.percent(p));
    }
}
