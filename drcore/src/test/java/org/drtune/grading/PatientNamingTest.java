package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatientNamingTest {
  @Test
  void eyePacsIdsNameThePatientAndTheEye() {
    assertThat(PatientNaming.EYEPACS.identify("10_left"))
        .contains(new PatientNaming.Photo("10", Eye.LEFT));
    assertThat(PatientNaming.EYEPACS.identify("clinic/2026/10_right.jpeg"))
        .contains(new PatientNaming.Photo("10", Eye.RIGHT));
    assertThat(PatientNaming.EYEPACS.identify("a_b_left.png"))
        .contains(new PatientNaming.Photo("a_b", Eye.LEFT));
    assertThat(PatientNaming.EYEPACS.identify("train/3")).isEmpty();
    assertThat(PatientNaming.EYEPACS.identify("10_up.jpeg")).isEmpty();
    assertThat(PatientNaming.EYEPACS.namesEye()).isTrue();
  }

  @Test
  void anotherNamingWithOrWithoutTheEye() {
    PatientNaming clinic = PatientNaming.of("(?<patient>P\\d+)-(?<eye>OD|OS)-\\d+");
    assertThat(clinic.identify("/archive/P0042-OD-1.jpeg"))
        .contains(new PatientNaming.Photo("P0042", Eye.RIGHT));
    assertThat(clinic.identify("P0042-OS-2")).contains(new PatientNaming.Photo("P0042", Eye.LEFT));
    PatientNaming noEye = PatientNaming.of("(?<patient>\\d+)-\\d+");
    assertThat(noEye.namesEye()).isFalse();
    assertThat(noEye.identify("17-3.png"))
        .isEqualTo(Optional.of(new PatientNaming.Photo("17", null)));
  }

  @Test
  void aPatternWithoutAPatientGroupOrNotARegexIsRefused() {
    assertThatThrownBy(() -> PatientNaming.of("(\\d+)_(left|right)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no group named patient");
    assertThatThrownBy(() -> PatientNaming.of("(?<patient>[0-9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a regular expression");
    assertThatThrownBy(() -> PatientNaming.of("(?<patient>\\d+)_(?<eye>\\w+)").identify("1_up"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown eye 'up'");
  }
}
