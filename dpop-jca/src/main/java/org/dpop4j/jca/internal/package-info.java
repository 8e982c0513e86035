/** dpop-jca's own machinery, public only for its other packages; not part of the API. */
package org.dpop4j.jca.internal;
