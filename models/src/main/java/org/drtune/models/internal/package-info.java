/** What drtune's modules share internally: no compatibility promise, not for applications. */
package org.drtune.models.internal;
