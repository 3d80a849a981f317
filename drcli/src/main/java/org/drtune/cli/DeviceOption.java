package org.drtune.cli;

import org.drtune.Device;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --device} option of the commands that run a model. */
final class DeviceOption {
  @Option(
      names = "--device",
      paramLabel = "auto|cpu|gpu[:N]",
      converter = Converter.class,
      description =
          "Where TensorFlow runs (default: auto = a GPU when the GPU build sees one, else the CPU"
              + " with one warning; gpu fails with exit code 4 when there is no usable GPU).")
  Device device;

  @Option(
      names = "--log-placement",
      description =
          "Have TensorFlow log the device every op is placed on (look for /device:GPU:0; bin/drtune"
              + " then shows TensorFlow's INFO messages).")
  boolean logPlacement;

  Device device() {
    return (device == null ? Device.auto() : device).withLogPlacement(logPlacement);
  }

  /** Parses a device, naming the valid forms when it is wrong. */
  static final class Converter implements CommandLine.ITypeConverter<Device> {
    @Override
    public Device convert(String value) {
      try {
        return Device.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
