package org.writeahead.app;

import org.writeahead.cli.Cli;
import org.writeahead.editor.EditorLauncher;

/**
 * Entry point. No arguments, or a single file name, opens the editor; a subcommand or an option
 * ({@code complete}, {@code --help}, ...) runs the command line, exactly as before the editor.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        DjlSetup.offline();
        System.exit(opensEditor(args) ? EditorLauncher.launch(args) : Cli.run(args));
    }

    /** The editor takes nothing or one FILE; everything else is the command line's. */
    static boolean opensEditor(String[] args) {
        if (args.length == 0) {
            return true;
        }
        return args.length == 1 && !args[0].startsWith("-") && !Cli.isSubcommand(args[0]);
    }
}
