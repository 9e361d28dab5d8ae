package org.writeahead.app;

/**
 * DJL probes a cloud metadata address and posts telemetry when its engine starts, and downloads
 * native libraries it cannot find, unless told not to. WriteAhead never connects anywhere on its
 * own, so these are set before any DJL class loads.
 */
public final class DjlSetup {

    private DjlSetup() {}

    public static void offline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // DJL's own logging goes through SLF4J's simple logger (warnings only, see
        // simplelogger.properties); PyTorch's native start-up messages are not ours to show.
    }
}
