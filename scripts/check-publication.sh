#!/usr/bin/env bash
# Checks what `mvn -P publish deploy` (or `-P release`) staged in target/staging, the local Maven
# repository that docs/RELEASING.md uploads from: for every published module the jar, sources,
# javadoc, POM and CycloneDX SBOM; the full metadata Maven Central requires; a BOM that lists
# exactly the published modules; the module descriptors; nothing of the unpublished modules.
set -euo pipefail
cd "$(dirname "$0")/.."

# every published module and its JPMS module name, which is also the root of its packages
declare -A module_names=(
  [dpop-core]=org.dpop4j.core
  [dpop-servlet]=org.dpop4j.servlet
  [dpop-jaxrs]=org.dpop4j.jaxrs
  [dpop-jakarta-security]=org.dpop4j.security
  [dpop-jca]=org.dpop4j.jca
  [dpop-ehcache]=org.dpop4j.ehcache
)
published=(dpop-core dpop-servlet dpop-jaxrs dpop-jakarta-security dpop-jca dpop-ehcache)
# the modules without module-info, named by Automatic-Module-Name instead (dpop-ehcache: Ehcache's
# jars cannot be modules, see its pom.xml)
automatic=(dpop-ehcache)
unpublished=(dpop-testing dpop-demo dpop-bench integration-tests)
staging=target/staging/org/dpop4j
failures=0
fail() { echo "check-publication: $*" >&2; failures=$((failures + 1)); }

version_of() { # the <version> right after <artifactId>$2</artifactId> in POM $1
  sed -n "/<artifactId>$2<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}" "$1"
}
version=$(version_of pom.xml dpop4j-parent)
[ "$(version_of dpop4j-bom/pom.xml dpop4j-bom)" = "$version" ] \
  || fail "dpop4j-bom/pom.xml has not the parent's version $version"

only_one() { # $1 description, then the matching files: exactly one must exist
  local what=$1; shift
  if [ $# -ne 1 ] || [ ! -s "$1" ]; then fail "$what: expected one file, found ${*:-none}"; return 1; fi
}
staged() { # $1 module, $2 file suffix (classifier and extension): the file, newest build first
  find "$staging/$1/$version" -maxdepth 1 -name "$1-*$2" | sort -r | head -n 1
}

parent_pom=$(staged dpop4j-parent .pom)
if only_one "dpop4j-parent POM" $parent_pom; then
  for element in '<url>https://' '<licenses>' '<name>Apache-2.0</name>' '<developers>' '<scm>' \
      '<connection>scm:git:' '<issueManagement>' '<description>'; do
    grep -qF "$element" "$parent_pom" || fail "dpop4j-parent POM lacks $element"
  done
fi

for module in "${published[@]}"; do
  dir=$staging/$module/$version
  [ -d "$dir" ] || { fail "$module is not staged ($dir)"; continue; }
  jar=$(find "$dir" -maxdepth 1 -name "$module-*.jar" ! -name '*-sources.jar' \
      ! -name '*-javadoc.jar' ! -name '*-tests.jar' | sort -r | head -n 1)
  pom=$(staged "$module" .pom)
  only_one "$module jar" $jar || true
  only_one "$module sources" $(staged "$module" -sources.jar) || true
  only_one "$module javadoc" $(staged "$module" -javadoc.jar) || true
  only_one "$module SBOM" $(staged "$module" -cyclonedx.xml) || true
  if only_one "$module POM" $pom; then
    for element in "<artifactId>dpop4j-parent</artifactId>" "<name>$module</name>" '<description>'; do
      grep -qF "$element" "$pom" || fail "$module POM lacks $element"
    done
  fi
  sbom=$(staged "$module" -cyclonedx.xml)
  if [ -n "$sbom" ]; then
    grep -q "<name>$module</name>" "$sbom" || fail "$module SBOM does not describe $module"
    [ "$module" = dpop-core ] || grep -q '<name>dpop-core</name>' "$sbom" \
      || fail "$module SBOM does not list dpop-core"
  fi
  if [ -n "$jar" ]; then
    name=${module_names[$module]}
    descriptor=$(jar --describe-module --file "$jar")
    if [[ " ${automatic[*]} " == *" $module "* ]]; then
      grep -q "^$name@.* automatic$" <<< "$descriptor" \
        || fail "$module jar has not the automatic module name $name"
    else
      grep -q "^$name@[^ ]* jar:.*!/module-info.class$" <<< "$descriptor" \
        || fail "$module jar has no module-info of module $name"
      ! grep -q '^exports [^ ]*\.internal\b' <<< "$descriptor" \
        || fail "$module jar exports an internal package: $(grep '^exports' <<< "$descriptor")"
      # an internal package goes, if anywhere, only to dpop4j's own modules
      foreign=$(grep '^qualified exports ' <<< "$descriptor" | sed 's/^.* to //' | tr ' ' '\n' \
        | grep -v '^org\.dpop4j\.' || true)
      [ -z "$foreign" ] || fail "$module jar exports a package to a module not dpop4j's: $foreign"
    fi
    stray=$(jar tf "$jar" | grep '\.class$' | grep -vx 'module-info\.class' \
      | grep -v "^${name//.//}/" || true)
    [ -z "$stray" ] || fail "$module jar has classes outside ${name//.//}: $stray"
  fi
  javadoc=$(staged "$module" -javadoc.jar)
  [ -z "$javadoc" ] || jar tf "$javadoc" | grep -qx index.html || fail "$module javadoc has no index.html"
done

bom=$(staged dpop4j-bom .pom)
if only_one "dpop4j-bom POM" $bom; then
  grep -q '<parent>' "$bom" && fail "dpop4j-bom has a parent, whose dependencyManagement users would import"
  for element in '<url>https://' '<licenses>' '<developers>' '<scm>' '<issueManagement>'; do
    grep -qF "$element" "$bom" || fail "dpop4j-bom POM lacks $element"
  done
  listed=$(sed -n '/<dependencyManagement>/,/<\/dependencyManagement>/p' "$bom" \
    | grep -A1 '<groupId>org.dpop4j</groupId>' | sed -n 's:.*<artifactId>\(.*\)</artifactId>.*:\1:p' | sort)
  expected=$(printf '%s\n' "${published[@]}" | sort)
  [ "$listed" = "$expected" ] || fail "dpop4j-bom lists $(echo $listed), expected $(echo $expected)"
fi

for module in "${unpublished[@]}"; do
  [ ! -e "$staging/$module" ] || fail "$module is staged but must not be published"
done

if [ "$failures" -ne 0 ]; then
  echo "check-publication: $failures problem(s)" >&2
  exit 1
fi
echo "check-publication: ${published[*]}, dpop4j-parent and dpop4j-bom $version staged completely"
