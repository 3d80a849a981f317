package org.drtune.grading;

/** Diabetic retinopathy grades of the international clinical scale (0–4). */
public enum Grade {
  /** 0: no apparent retinopathy. */
  NO_DR,
  /** 1: mild non-proliferative DR (microaneurysms only). */
  MILD,
  /** 2: moderate non-proliferative DR. */
  MODERATE,
  /** 3: severe non-proliferative DR. */
  SEVERE,
  /** 4: proliferative DR. */
  PROLIFERATIVE;

  /** The grade with this number (0–4). */
  public static Grade of(int grade) {
    if (grade < 0 || grade >= values().length) {
      throw new IllegalArgumentException("DR grade must be 0..4, got " + grade);
    }
    return values()[grade];
  }

  /** The grade's number (0–4). */
  public int number() {
    return ordinal();
  }
}
