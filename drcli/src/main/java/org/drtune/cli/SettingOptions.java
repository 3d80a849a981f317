package org.drtune.cli;

import java.util.EnumSet;
import java.util.Set;
import org.drtune.training.BackboneRef;
import org.drtune.training.Recipe;
import org.drtune.training.TrainingPlan;
import org.drtune.training.TrainingSetting;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options that change one setting of a recipe, shared by {@code train} and {@code demo}: one
 * per {@link TrainingSetting} that training takes, made from the table (name, value label, help),
 * so the command line cannot disagree with {@code crossval}'s keys or the library. Without any of
 * them the recipe runs as it is.
 */
final class SettingOptions {
  /** The name of the mixin that holds the options. */
  static final String MIXIN = "training";

  private SettingOptions() {}

  /** Adds an option per training setting to {@code command}. */
  static void addTo(CommandLine command) {
    CommandSpec mixin = CommandSpec.create();
    for (TrainingSetting s : TrainingSetting.values()) {
      if (!s.forTraining()) {
        continue;
      }
      OptionSpec.Builder b = OptionSpec.builder(s.option()).description(s.description());
      if (s.isFlag()) {
        b.type(boolean.class).arity("0").negatable(s.isNegatable());
      } else {
        b.type(String.class).paramLabel(s.paramLabel());
      }
      mixin.addOption(b.build());
    }
    command.getCommandSpec().addMixin(MIXIN, mixin);
  }

  /**
   * {@code base} with the settings given on {@code command}'s command line applied, in the table's
   * order, layer names checked against {@code backbone}'s.
   *
   * @throws CommandLine.ParameterException naming the option whose value is wrong, or two options
   *     that set the same thing
   */
  static TrainingPlan plan(CommandSpec command, Recipe base, BackboneRef backbone) {
    ParseResult parsed = command.commandLine().getParseResult();
    TrainingPlan plan = TrainingPlan.of(base);
    Set<TrainingSetting> given = EnumSet.noneOf(TrainingSetting.class);
    for (TrainingSetting s : TrainingSetting.values()) {
      if (!s.forTraining() || !parsed.hasMatchedOption(s.option())) {
        continue;
      }
      for (TrainingSetting other : s.alternatives()) {
        if (given.contains(other)) {
          throw new CommandLine.ParameterException(
              command.commandLine(),
              other.option() + " and " + s.option() + " are mutually exclusive: give one of them");
        }
      }
      given.add(s);
      Object value = parsed.matchedOptionValue(s.option(), null);
      try {
        plan = plan.with(s, String.valueOf(value), backbone);
      } catch (IllegalArgumentException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        throw new CommandLine.ParameterException(
            command.commandLine(), s.option() + (m.startsWith("must ") ? " " : ": ") + m);
      }
    }
    return plan;
  }
}
