package org.drtune.models.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one copy mechanism of drtune's option records: a copy of a record with some components
 * replaced, made through its canonical constructor so that the compact constructor checks (and
 * fills in) the copy exactly as it does a new record. The {@code withX(..)} methods of the public
 * records are one line each on top of it, so a new component needs no copy code at all.
 *
 * <pre>{@code
 * public FineTuneRequest withDevice(Device d) {
 *   return RecordCopy.with(this, "device", d);
 * }
 * }</pre>
 *
 * <p>Internal: no compatibility promise.
 */
public final class RecordCopy {
  private RecordCopy() {}

  /**
   * {@code record} with component {@code component} set to {@code value}.
   *
   * @throws IllegalArgumentException when the record has no such component or the value does not
   *     fit its type, and whatever the record's constructor throws for the new value (unwrapped)
   */
  public static <R extends Record> R with(R record, String component, Object value) {
    Map<String, Object> changes = new HashMap<>();
    changes.put(component, value);
    return with(record, changes);
  }

  /** {@code record} with two components replaced at once (checked together). */
  public static <R extends Record> R with(
      R record, String component, Object value, String other, Object otherValue) {
    Map<String, Object> changes = new HashMap<>();
    changes.put(component, value);
    changes.put(other, otherValue);
    return with(record, changes);
  }

  /**
   * {@code record} with every component named in {@code changes} set to its value (null values
   * allowed), checked together by the record's constructor.
   */
  public static <R extends Record> R with(R record, Map<String, ?> changes) {
    Class<?> type = record.getClass();
    RecordComponent[] components = type.getRecordComponents();
    for (String name : changes.keySet()) {
      if (Arrays.stream(components).noneMatch(c -> c.getName().equals(name))) {
        throw new IllegalArgumentException(
            type.getSimpleName()
                + " has no component '"
                + name
                + "'; it has "
                + Arrays.stream(components)
                    .map(RecordComponent::getName)
                    .collect(Collectors.joining(", ")));
      }
    }
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      args[i] = changes.containsKey(c.getName()) ? changes.get(c.getName()) : read(record, c);
    }
    return construct(record, types, args);
  }

  private static Object read(Record record, RecordComponent c) {
    try {
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + record.getClass().getSimpleName() + "." + c.getName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> R construct(R record, Class<?>[] types, Object[] args) {
    try {
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
      return (R) canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot copy " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
