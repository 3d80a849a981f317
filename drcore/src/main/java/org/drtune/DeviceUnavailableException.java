package org.drtune;

/**
 * A GPU was asked for ({@code --device gpu}, {@link Device#parse(String) gpu[:N]}) but TensorFlow
 * cannot use one: the CPU native build is on the class path, or the CUDA 12 / cuDNN 9 libraries or
 * a CUDA device are missing. {@code auto} falls back to the CPU instead. The message says what is
 * missing.
 */
public final class DeviceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public DeviceUnavailableException(String message) {
    super(message);
  }
}
