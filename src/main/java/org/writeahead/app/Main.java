package org.writeahead.app;

import org.writeahead.cli.Cli;

/** Entry point: the command line when given a subcommand (the editor arrives with its own issue). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        DjlSetup.offline();
        System.exit(Cli.run(args));
    }
}
