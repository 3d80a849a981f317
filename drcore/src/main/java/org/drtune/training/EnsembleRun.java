package org.drtune.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.drtune.eval.Evaluation;
import org.drtune.eval.Predictions;
import org.drtune.grading.QualityThresholds;
import org.drtune.internal.data.DatasetSplits;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.ModelExport;
import org.drtune.internal.model.ModelFiles;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.model.Screening;

/**
 * An ensemble: member {@code i} (from 0) trained with the seed {@code seed + i}, each a complete
 * run in {@code RUN/members/member-(i+1)} (checkpoints, model, report; a resumed request resumes
 * each member), their validation probabilities averaged and evaluated, and {@code RUN/model}
 * written as an ensemble folder ({@link EnsembleCard} plus a copy of every member's model) that
 * replaces an older model only once complete.
 */
final class EnsembleRun {
  private EnsembleRun() {}

  static FineTuneJob.Result run(
      MemberRun.Plan plan,
      DatasetSplits splits,
      double dataSeconds,
      MemberRun.BackboneSource backbones)
      throws IOException {
    FineTuneRequest req = plan.request();
    int members = plan.recipe().ensembleMembers();
    Files.createDirectories(req.runDir());
    AtomicFiles.recoverFolder(req.runDir().resolve(ModelFiles.MODEL_DIR));
    AtomicFiles.cleanLeftovers(req.runDir());
    List<FineTuneJob.Result> results = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      long seed = plan.config().seed() + m;
      plan.listener().memberStarted(m + 1, members, seed);
      Path memberDir =
          req.runDir().resolve(ModelFiles.MEMBERS_DIR).resolve(ModelFiles.memberFolder(m));
      // the members share the frozen part and the data: one feature cache for all of them
      MemberRun.Plan member =
          new MemberRun.Plan(
              req.withRunDir(memberDir),
              plan.recipe(),
              plan.config().toBuilder().seed(seed).build(),
              plan.cacheDir(),
              plan.listener(),
              plan.features());
      results.add(MemberRun.run(member, splits, m == 0 ? dataSeconds : 0, backbones));
    }
    Predictions mean = meanPredictions(results);
    ModelCard card = results.get(0).card();
    Evaluation chosenOn = MemberRun.pointEstimates(mean, card.labelScheme());
    Screening screening =
        MemberRun.screening(
            chosenOn,
            mean,
            card.screening() == null ? QualityThresholds.defaults() : card.screening().quality(),
            card.numClasses(),
            PatientRule.whoIn(splits.validation(), req.dataOptions().patientNaming()));
    Evaluation validation = MemberRun.atReferralThreshold(mean, card.labelScheme(), screening);
    EnsembleCard ens = ensembleCard(plan, results, validation, screening);
    Path modelDir = req.runDir().resolve(ModelFiles.MODEL_DIR);
    ModelExport.writeEnsemble(
        modelDir, results.stream().map(FineTuneJob.Result::modelDir).toList(), ens);
    ens.write(req.runDir().resolve(ModelFiles.ENSEMBLE_CARD));
    AtomicFiles.deleteRecursively(plan.cacheDir());
    Files.deleteIfExists(req.runDir().resolve(ModelFiles.MODEL_CARD)); // an earlier single model's
    Path report = report(req.runDir(), members, card, validation, ens);
    return new FineTuneJob.Result(
        modelDir,
        plan.recipe(),
        card,
        ens,
        validation,
        report,
        results.get(0).skipped(),
        mean,
        results.stream().map(FineTuneJob.Result::card).toList(),
        results.get(0).ungradable());
  }

  /** The mean of the members' validation probabilities, which must be of the same photographs. */
  private static Predictions meanPredictions(List<FineTuneJob.Result> results) {
    Predictions first = results.get(0).validationPredictions();
    List<float[][]> tables = new ArrayList<>();
    for (FineTuneJob.Result r : results) {
      if (!r.validationPredictions().ids().equals(first.ids())) {
        throw new IllegalStateException("ensemble members were validated on different images");
      }
      tables.add(r.validationPredictions().probabilities());
    }
    return new Predictions(first.ids(), first.labels(), Predictions.meanProbabilities(tables));
  }

  /**
   * The card pinning every member, with the referral threshold chosen on the averaged validation
   * probabilities and the first member's quality limits.
   */
  private static EnsembleCard ensembleCard(
      MemberRun.Plan plan,
      List<FineTuneJob.Result> results,
      Evaluation validation,
      Screening screening)
      throws IOException {
    List<EnsembleCard.Member> entries = new ArrayList<>();
    for (int m = 0; m < results.size(); m++) {
      entries.add(ModelExport.member(m, plan.config().seed() + m, results.get(m).modelDir()));
    }
    ModelCard card = results.get(0).card();
    return new EnsembleCard(
        EnsembleCard.FORMAT_VERSION,
        Instant.now().toString(),
        entries,
        card.classes(),
        card.labelScheme(),
        validation,
        screening);
  }

  private static Path report(
      Path runDir, int members, ModelCard card, Evaluation validation, EnsembleCard ens)
      throws IOException {
    return RunReport.write(
        runDir,
        "drtune fine-tune: ensemble of "
            + members
            + " "
            + card.strategy()
            + " models, "
            + card.numClasses()
            + " classes (member reports: "
            + ModelFiles.MEMBERS_DIR
            + "/member-N/report.html)",
        validation,
        List.of(),
        ens.toJson(),
        card.classes());
  }
}
