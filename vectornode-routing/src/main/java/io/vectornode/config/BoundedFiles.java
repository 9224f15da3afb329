package io.vectornode.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a config consists of (the config itself, {@code ${file:}} secrets) without
 * ever holding more than a bound in memory: a FIFO, a device such as {@code /dev/zero} or a huge
 * (even sparse) file is refused before anything is read, and a file that grows while it is read
 * is cut off at the bound plus one byte. Stateless and thread-safe.
 */
final class BoundedFiles {
  private BoundedFiles() {}

  /** The file is refused: too large, not a regular file, or not UTF-8. Names no content. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * Reads a regular file of at most {@code limit} bytes as strict UTF-8.
   *
   * @param path the file; symbolic links are followed (Kubernetes mounts are links)
   * @param limit the most bytes accepted
   * @return the text
   * @throws Refused when the file is larger, not a regular file, or not UTF-8
   * @throws IOException when it cannot be read
   */
  static String readUtf8(Path path, int limit) throws IOException {
    return utf8(read(path, limit));
  }

  /**
   * Decodes strict UTF-8, as {@link Files#readString} does.
   *
   * @param bytes the bytes
   * @return the text
   * @throws Refused when they are not UTF-8
   */
  static String utf8(byte[] bytes) throws Refused {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Refused("is not valid UTF-8 text");
    }
  }

  /**
   * Reads a regular file of at most {@code limit} bytes.
   *
   * @param path the file; symbolic links are followed
   * @param limit the most bytes accepted
   * @return its bytes
   * @throws Refused when the file is larger or not a regular file
   * @throws IOException when it cannot be read
   */
  static byte[] read(Path path, int limit) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    if (a.isDirectory()) {
      throw new Refused("is a directory, not a file");
    }
    if (!a.isRegularFile()) {
      // Opening a FIFO blocks until someone writes; a device may never end.
      throw new Refused("is not a regular file (a FIFO, socket or device)");
    }
    if (a.size() > limit) {
      throw new Refused("is " + a.size() + " bytes, over the limit of " + describe(limit));
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new Refused("grew past the limit of " + describe(limit) + " while it was read");
      }
      return bytes;
    }
  }

  /** {@code 65536 bytes (64 KiB)}. */
  static String describe(int limit) {
    if (limit % (1 << 20) == 0) {
      return limit + " bytes (" + (limit >> 20) + " MiB)";
    }
    return limit % 1024 == 0 ? limit + " bytes (" + (limit >> 10) + " KiB)" : limit + " bytes";
  }
}
