/**
 * Reading and writing model weights in the safetensors format, by hand.
 *
 * <p>Only safetensors is accepted: it is a flat header plus raw little-endian bytes, so opening a
 * file cannot run code, unlike the pickle-based {@code pytorch_model.bin}. Tensors are
 * memory-mapped one byte range at a time, so files larger than 2 GiB work as long as no single
 * tensor exceeds what one {@link java.nio.ByteBuffer} can address.
 */
package org.writeahead.weights;
