/**
 * Configuration from named strings: {@link org.dpop4j.core.config.DpopSettings} parses {@code
 * dpop.*} settings (web.xml init-params, properties, MicroProfile Config) strictly into a {@link
 * org.dpop4j.core.http.DpopProtection} and owns what it opened, {@link
 * org.dpop4j.core.config.SettingValues} are the typed readers every setting goes through, and
 * {@link org.dpop4j.core.config.ReplayCacheFactory} lets a replay store from another module be
 * chosen by name, with settings of its own. This package depends on {@code org.dpop4j.core.http},
 * never the other way.
 */
package org.dpop4j.core.config;
