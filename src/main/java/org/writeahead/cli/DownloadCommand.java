package org.writeahead.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.writeahead.engine.MemoryFit;
import org.writeahead.engine.ModelCatalog;
import org.writeahead.hub.DownloadCancellation;
import org.writeahead.hub.HubCache;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.HubSettings;
import org.writeahead.hub.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a GPT-2 from the Hugging Face hub into its shared cache (the one Python's transformers uses),"
                + " verified and resumable.",
            "Honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, HF_HOME / HF_HUB_CACHE and HTTPS_PROXY / -Dhttps.proxyHost."})
final class DownloadCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Parameters(index = "0", paramLabel = "NAME|REPO",
            description = "distilgpt2, gpt2, gpt2-medium, gpt2-large, gpt2-xl, or a hub repository id (owner/name) of a GPT-2.")
    String name;

    @Override
    public Integer call() throws Exception {
        ModelCatalog.Size size = ModelCatalog.size(name).orElse(null);
        if (size == null && !name.contains("/")) {
            throw new UsageException("unknown model \"" + name + "\": give one of distilgpt2, gpt2, gpt2-medium, gpt2-large,"
                    + " gpt2-xl, or a hub repository id (owner/name)");
        }
        RepoId repo;
        try {
            repo = size != null ? size.repoId() : RepoId.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        HubSettings settings = cli.context().hub();
        if (size != null) {
            // A model that will not run here is still worth a warning before a long download.
            MemoryFit.Check fit = MemoryFit.check(size.name(), MemoryFit.estimate(size.config(), 3), cli.context().memory().get(),
                    ModelCatalog.SIZES, 3);
            if (fit.message() != null) {
                System.err.println("writeahead: warning: " + fit.message());
            }
            ModelCatalog.Entry entry = cli.context().catalog().hubEntry(size);
            if (settings.offline() && entry.onDisk()) {
                System.err.println(size.name() + " is in the cache (HF_HUB_OFFLINE is set, so nothing was checked online)");
                System.out.println(entry.path());
                return 0;
            }
            // A copy Python cached under the older id (models--gpt2) serves as it is: no second copy.
            if (entry.onDisk() && !entry.path().startsWith(new HubCache(settings.cacheRoot()).repoFolder(repo))) {
                System.err.println(size.name() + " is already in the cache, downloaded under the older id " + entry.path()
                        .getParent().getParent().getFileName() + "; nothing to download");
                System.out.println(entry.path());
                return 0;
            }
        }
        HubDownloader downloader = new HubDownloader(settings);
        ProgressBar bar = ProgressBar.forStderr(cli.context().env());
        if (!settings.offline()) {
            System.err.println("downloading " + repo + " from " + settings.endpoint() + " into " + downloader.cache().root());
        }
        Path snapshot;
        try {
            snapshot = downloader.download(repo, bar, new DownloadCancellation());
        } finally {
            bar.finish();
        }
        System.err.println((size != null ? size.name() : repo.toString()) + " is ready"
                + (size != null ? "; use it with --model " + size.name() : "; use it with --model " + repo));
        System.out.println(snapshot);
        return 0;
    }
}
