package org.drtune.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.drtune.training.Recipe;
import org.drtune.training.TrainingSetting;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shows, in a command's help, the default of every recipe option as the recipes the command runs
 * set it: "(default: 12)" when they agree, "(default: thumbnails 112, photographs 224)" when they
 * do not. The values come from the {@link Recipe} objects themselves, so the help cannot drift from
 * what runs.
 */
final class RecipeHelp {
  private RecipeHelp() {}

  /** What each recipe option's default is, read from a recipe: the table's {@code defaultIn}. */
  static final Map<String, Function<Recipe, String>> DEFAULTS = defaults();

  private static Map<String, Function<Recipe, String>> defaults() {
    Map<String, Function<Recipe, String>> d = new LinkedHashMap<>();
    for (TrainingSetting s : TrainingSetting.values()) {
      if (s.forTraining()) {
        d.put(s.option(), s::defaultIn);
      }
    }
    return Map.copyOf(d);
  }

  /**
   * Makes {@code cl}'s help show each recipe option's default from {@code recipes} (name → recipe).
   */
  static void show(CommandLine cl, Map<String, Recipe> recipes) {
    cl.setHelpFactory(
        (CommandSpec spec, Help.ColorScheme scheme) ->
            new Help(spec, scheme) {
              @Override
              public Help.IOptionRenderer createDefaultOptionRenderer() {
                Help.IOptionRenderer base = super.createDefaultOptionRenderer();
                return (OptionSpec option,
                    Help.IParamLabelRenderer labels,
                    Help.ColorScheme cs) -> {
                  Text[][] rows = base.render(option, labels, cs);
                  String shown = describe(option.longestName(), recipes);
                  if (shown != null && rows.length > 0) {
                    Text[] last = rows[rows.length - 1];
                    last[last.length - 1] =
                        last[last.length - 1].concat(" (default: " + shown + ")");
                  }
                  return rows;
                };
              }
            });
  }

  /** The default of {@code option} over {@code recipes}, or null when it is not a recipe option. */
  static String describe(String option, Map<String, Recipe> recipes) {
    Function<Recipe, String> f = DEFAULTS.get(option);
    if (f == null) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    recipes.values().forEach(r -> values.add(f.apply(r)));
    if (values.size() == 1) {
      return values.iterator().next();
    }
    StringBuilder sb = new StringBuilder();
    recipes.forEach(
        (name, r) ->
            sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ').append(f.apply(r)));
    return sb.toString();
  }
}
