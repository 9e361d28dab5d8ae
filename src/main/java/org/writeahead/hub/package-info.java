/**
 * The Hugging Face hub: downloads into, and lookups in, the cache Python's huggingface_hub shares.
 *
 * <p>How a UI (the editor's Model menu, its first-start bar) uses it, off the FX thread:
 * <pre>{@code
 * ModelCatalog catalog = new ModelCatalog(ModelCatalog.defaultModelsFolders(), new HubCache(settings.cacheRoot()));
 * ModelCatalog.Size size = ModelCatalog.size("gpt2").orElseThrow();
 * MemoryFit.Check fit = MemoryFit.check(size.name(), MemoryFit.estimate(size.config(), 3), MemoryFit.probe(), ModelCatalog.SIZES, 3);
 * if (fit.refused()) { show(fit.message()); return; }          // before anything is downloaded or loaded
 *
 * HubSettings settings = HubSettings.fromSystem();            // HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, proxies
 * DownloadCancellation cancel = new DownloadCancellation();   // the dialog's Cancel calls cancel.cancel()
 * executor.submit(() -> {
 *     Path folder = new HubDownloader(settings).download(size.repoId(),
 *             p -> Platform.runLater(() -> dialog.show(p.fraction(), p.bytesPerSecond(), p.secondsLeft())), cancel);
 *     CompletionEngine engine = CompletionEngine.load(folder, DeviceChoice.AUTO);  // then swap it in
 *     return engine;
 * });
 * }</pre>
 * {@link org.writeahead.hub.DownloadException#getMessage()} is one line fit to show the user;
 * {@link org.writeahead.hub.DownloadCancelledException} means the user cancelled (the partial
 * file is kept, and the next download resumes it).
 */
package org.writeahead.hub;
