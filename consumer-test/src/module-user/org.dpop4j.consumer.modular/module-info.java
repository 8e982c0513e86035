/**
 * An application on the module path: it names the dpop4j modules it uses and nothing else; their
 * descriptors bring in what their API needs (dpop-core, jose4j, the Jakarta APIs). It finds the
 * replay cache factories itself too, to see where dpop-ehcache's came from.
 */
module org.dpop4j.consumer.modular {
  requires org.dpop4j.jca;
  requires org.dpop4j.servlet;
  requires org.dpop4j.jaxrs;
  requires org.dpop4j.security;

  uses org.dpop4j.core.config.ReplayCacheFactory;
}
