package org.drtune.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCopyTest {
  /** A record that checks and fills in its parts, as the option records do. */
  public record Sample(String name, int size, List<String> tags, Double limit) {
    public Sample {
      if (size < 1) {
        throw new IllegalArgumentException("size must be at least 1, got " + size);
      }
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  private final Sample base = new Sample("a", 3, List.of("x"), 0.5);

  @Test
  void replacesOnlyTheNamedComponents() {
    assertThat(RecordCopy.with(base, "size", 7)).isEqualTo(new Sample("a", 7, List.of("x"), 0.5));
    assertThat(RecordCopy.with(base, "name", "b", "limit", null))
        .isEqualTo(new Sample("b", 3, List.of("x"), null));
    assertThat(base).isEqualTo(new Sample("a", 3, List.of("x"), 0.5));
  }

  @Test
  void theCopyIsCheckedAndFilledInByTheConstructor() {
    assertThat(RecordCopy.with(base, "tags", null).tags()).isEmpty();
    assertThatThrownBy(() -> RecordCopy.with(base, "size", 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be at least 1, got 0");
  }

  @Test
  void anUnknownComponentOrAWrongTypeIsAnError() {
    assertThatThrownBy(() -> RecordCopy.with(base, "colour", "red"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Sample has no component 'colour'")
        .hasMessageContaining("name, size, tags, limit");
    assertThatThrownBy(() -> RecordCopy.with(base, "size", "seven"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
