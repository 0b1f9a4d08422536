package io.fullspectrum.nn.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyImageNetFolderTest {
  @TempDir Path root;

  private static void image(Path file, int rgb) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(image, "jpeg", file.toFile());
  }

  private void layout() throws IOException {
    Files.write(root.resolve("wnids.txt"), List.of("n01443537", "n01629819"));
    image(root.resolve("train/n01443537/images/n01443537_0.JPEG"), 0xC81E0A);
    image(root.resolve("train/n01443537/images/n01443537_1.JPEG"), 0xC81E0A);
    image(root.resolve("train/n01629819/images/n01629819_0.JPEG"), 0x0A1EC8);
    image(root.resolve("val/images/val_0.JPEG"), 0x0A1EC8);
    Files.write(root.resolve("val/val_annotations.txt"), List.of("val_0.JPEG\tn01629819\t0\t0\t63\t63"));
  }

  @Test
  void theTrainingFoldersReadWithClassesInWnidsOrder() throws IOException {
    layout();
    ImageSet set = TinyImageNetFolder.read(root, true);
    assertThat(set.size(), equalTo(3));
    assertThat(set.classes(), equalTo(2));
    assertThat(set.label(0), equalTo(0));
    assertThat(set.label(2), equalTo(1));
    assertThat((double) set.pixel(0, 0, 10, 10), closeTo(0xC8, 6));
    assertThat((double) set.pixel(2, 2, 10, 10), closeTo(0xC8, 6));
  }

  @Test
  void theValidationSplitTakesItsLabelsFromTheAnnotations() throws IOException {
    layout();
    ImageSet set = TinyImageNetFolder.read(root, false);
    assertThat(set.size(), equalTo(1));
    assertThat(set.label(0), equalTo(1));
  }

  @Test
  void anAnnotationNamingAnUnknownClassIsNamed() throws IOException {
    layout();
    Files.write(root.resolve("val/val_annotations.txt"), List.of("val_0.JPEG\tn99999999\t0\t0\t63\t63"));
    IOException e = assertThrows(IOException.class, () -> TinyImageNetFolder.read(root, false));
    assertThat(e.getMessage(), containsString("val_annotations.txt: line 1"));
  }
}
