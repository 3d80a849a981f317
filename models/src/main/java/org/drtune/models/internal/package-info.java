/** Graph-building helpers shared by the converter and drcore; no compatibility promise. */
package org.drtune.models.internal;
