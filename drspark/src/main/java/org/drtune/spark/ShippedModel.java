package org.drtune.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model folder on its way to the executors: its zip in a broadcast variable, and a name from the
 * model card's checksum that tells one model from another.
 *
 * @param name {@code drtune-model-<first 16 hex digits of the card's sha256>}
 * @param zip the folder's files, zipped
 */
record ShippedModel(String name, Broadcast<byte[]> zip) implements Serializable {
  private static final long serialVersionUID = 1L;
}
