package io.fullspectrum.nn.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Tiny-ImageNet in its folder layout: {@code wnids.txt} (one class id a line, in label order),
 * {@code train/<wnid>/images/*.JPEG}, and {@code val/images/*.JPEG} labelled by {@code val/val_annotations.txt}
 * (file, wnid, box). Images are decoded with {@code javax.imageio} to 3 x 64 x 64; grey images are expanded.
 */
public final class TinyImageNetFolder {
  private static final int SIZE = 64;

  private TinyImageNetFolder() {}

  private static List<String> lines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
    }
  }

  public static ImageSet read(Path root, boolean train) throws IOException {
    Path wnidsFile = root.resolve("wnids.txt");
    if (!Files.isRegularFile(wnidsFile)) {
      throw new IOException(wnidsFile + ": Tiny-ImageNet class list not found");
    }
    Map<String, Integer> classes = new HashMap<>();
    int number = 0;
    for (String line : lines(wnidsFile)) {
      number++;
      if (!line.isBlank()) {
        if (!line.trim().matches("[A-Za-z0-9_.-]+")) {
          throw new IOException(wnidsFile + ": line " + number + " is not a class folder name (letters, digits, "
              + "_ . -)");
        }
        classes.put(line.trim(), classes.size());
      }
    }
    TreeMap<Path, Integer> files = new TreeMap<>();
    if (train) {
      for (Map.Entry<String, Integer> c : classes.entrySet()) {
        Path dir = root.resolve("train").resolve(c.getKey()).resolve("images");
        if (!Files.isDirectory(dir)) {
          throw new IOException(dir + ": missing training folder of class " + c.getKey());
        }
        try (DirectoryStream<Path> images = Files.newDirectoryStream(dir)) {
          for (Path p : images) {
            files.put(p, c.getValue());
          }
        }
      }
    } else {
      Path annotations = root.resolve("val").resolve("val_annotations.txt");
      if (!Files.isRegularFile(annotations)) {
        throw new IOException(annotations + ": Tiny-ImageNet validation labels not found");
      }
      int lineNo = 0;
      for (String line : lines(annotations)) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split("\t");
        Integer label = cells.length < 2 ? null : classes.get(cells[1]);
        if (label == null) {
          throw new IOException(annotations + ": line " + lineNo + " names no class of wnids.txt: " + line);
        }
        if (!cells[0].matches("[A-Za-z0-9_.-]+")) {
          throw new IOException(annotations + ": line " + lineNo + " does not start with an image file name");
        }
        files.put(root.resolve("val").resolve("images").resolve(cells[0]), label);
      }
    }
    List<Path> paths = new ArrayList<>(files.keySet());
    byte[] pixels = new byte[paths.size() * 3 * SIZE * SIZE];
    int[] labels = new int[paths.size()];
    for (int i = 0; i < paths.size(); i++) {
      Path p = paths.get(i);
      BufferedImage image;
      try {
        image = ImageIO.read(p.toFile());
      } catch (IOException | RuntimeException e) {
        // Java's decoders throw anything from IIOException to ArrayIndexOutOfBounds on damaged bytes.
        throw new IOException(p + ": not a readable image (" + e.getClass().getSimpleName() + ": " + e.getMessage()
            + ")", e);
      }
      if (image == null) {
        throw new IOException(p + ": not a readable image");
      }
      if (image.getWidth() != SIZE || image.getHeight() != SIZE) {
        throw new IOException(p + ": " + image.getWidth() + "x" + image.getHeight() + " is not 64x64");
      }
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int rgb = image.getRGB(x, y);
          int base = i * 3 * SIZE * SIZE + y * SIZE + x;
          pixels[base] = (byte) (rgb >> 16);
          pixels[base + SIZE * SIZE] = (byte) (rgb >> 8);
          pixels[base + 2 * SIZE * SIZE] = (byte) rgb;
        }
      }
      labels[i] = files.get(p);
    }
    return new ImageSet(train ? "tiny-imagenet/train" : "tiny-imagenet/val", 3, SIZE, SIZE, classes.size(),
        pixels, labels);
  }
}
