package org.dpop4j.it.war.security;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** A stateless EJB whose only protection is {@code @RolesAllowed}. */
@Stateless
public class GreetingBean {

  @Resource private SessionContext session;

  @RolesAllowed(SecuredServlet.ROLE)
  public String greet() {
    return "ejb hello " + session.getCallerPrincipal().getName();
  }
}
