package org.writeahead.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import org.writeahead.engine.MemoryFit;
import org.writeahead.engine.ModelCatalog;
import org.writeahead.hub.HubSettings;
import org.writeahead.generate.NonFiniteLogitsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code complete}, {@code perplexity}, {@code bench}, {@code models}, {@code download},
 * {@code train}, {@code random-model}. Every mistake the user can
 * make (a bad option, a missing or corrupt file, an absurd setting) ends as one line on stderr and
 * exit code 2; only a bug shows more, and only with WRITEAHEAD_DEBUG set.
 */
@Command(name = "writeahead", mixinStandardHelpOptions = true, version = "WriteAhead 0.1",
        description = "A text editor that writes along with you, with GPT-2 running locally.",
        subcommands = {CompleteCommand.class, PerplexityCommand.class, BenchCommand.class, ModelsCommand.class, DownloadCommand.class,
            TrainCommand.class, RandomModelCommand.class,
            CommandLine.HelpCommand.class})
public final class Cli implements Runnable {

    public static final int USAGE_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    /**
     * What the commands read from outside: the environment variables (HF_ENDPOINT, HF_HUB_OFFLINE,
     * ...) and the memory probe. Tests pass their own instead of changing the process's.
     */
    public record Context(Map<String, String> env, Supplier<MemoryFit.Available> memory) {
        public static Context system() {
            return new Context(System.getenv(), MemoryFit::probe);
        }

        HubSettings hub() {
            return HubSettings.from(env, System.getProperties());
        }

        ModelCatalog catalog() {
            return new ModelCatalog(ModelCatalog.defaultModelsFolders(), new org.writeahead.hub.HubCache(hub().cacheRoot()));
        }
    }

    private final Context context;

    public Cli() {
        this(Context.system());
    }

    Cli(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** True if {@code name} is one of the subcommands (or help), so that the launcher leaves it to the CLI. */
    public static boolean isSubcommand(String name) {
        return new CommandLine(new Cli()).getSubcommands().containsKey(name);
    }

    public static int run(String... args) {
        return run(Context.system(), args);
    }

    public static int run(Context context, String... args) {
        CommandLine commandLine = new CommandLine(new Cli(context));
        commandLine.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            System.err.println("writeahead: " + e.getMessage() + " (see: writeahead "
                    + ("writeahead".equals(command) ? "" : command + " ") + "--help)");
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof UsageException) {
                System.err.println("writeahead: " + e.getMessage());
                return USAGE_ERROR;
            }
            if (e instanceof NonFiniteLogitsException) {
                System.err.println("writeahead: " + e.getMessage() + " (the model's weights may be corrupt)");
                return USAGE_ERROR;
            }
            System.err.println("writeahead: internal error: " + e);
            if (System.getenv("WRITEAHEAD_DEBUG") != null) {
                e.printStackTrace(new PrintWriter(System.err, true));
            }
            return INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }
}
