import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;
import org.drtune.models.AssetResolver;
import org.drtune.models.DataRecipe;
import org.drtune.models.ResolvedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example as an application runs it: a real fine-tune through the public API (the BVLC GoogLeNet and
 * RetinaMNIST found by drtune's usual lookup; a linear probe for one epoch, so that it takes seconds), then
 * {@link GradeOne} on a photograph file.
 */
class EmbedTest {
  @TempDir
  Path tmp;

  @Test
  void trainsThroughThePublicApiAndGradesAPhotograph() throws Exception {
    ResolvedAssets data = AssetResolver.defaults().resolveAny(DataRecipe.retinaMnist().alternatives());
    Path npz = data.path(data.bundle().files().get(0).path());
    TrainingConfig quick = TrainingConfig.builder().strategy(Strategy.LINEAR).inputSize(112).epochs(1)
        .augment(false).build();
    FineTuneJob.Result r = FineTuneJob.run(FineTuneRequest.of(npz, tmp.resolve("run")).withTraining(quick)
        .withEnsembleMembers(1), TrainingListener.NONE);
    assertEquals(5, r.card().numClasses());

    BufferedImage fundus = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = fundus.createGraphics();
    g.setColor(new Color(190, 80, 40));
    g.fillOval(25, 5, 250, 250);
    g.setColor(new Color(240, 200, 120));
    g.fillOval(190, 110, 30, 30);
    g.dispose();
    Path photo = tmp.resolve("photo.png");
    ImageIO.write(fundus, "png", photo.toFile());

    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      GradeOne.main(new String[] {r.modelDir().toString(), photo.toString()});
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    assertTrue(printed.matches("(NO_DR|MILD|MODERATE|SEVERE|PROLIFERATIVE) referable=(true|false) p=\\[.*\\]"),
        printed);
  }
}
