# Installation layout and the Debian package (`make package`, or `cpack -G DEB` in the
# build directory).
#
#   bin/postwatchd, bin/postwatchctl
#   lib/postwatch/plugins/postwatch_*.so          (plugins/, cmake/Plugin.cmake)
#   lib/systemd/system/postwatchd.service         the unit
#   lib/tmpfiles.d/postwatch.conf                 /etc/postwatch/credentials, mode 0700
#   share/postwatch/{schemas,dashboards,examples}
#   share/doc/postwatch/install-as-a-service.md
#   /etc/postwatch/postwatch.json                 the package's config (a conffile)
#
# The package installs under /usr whatever CMAKE_INSTALL_PREFIX is, so that the plugins
# land in /usr/lib/postwatch/plugins, postwatchd's default plugin_dir.

set(PW_EXAMPLES_DIR ${CMAKE_INSTALL_DATADIR}/postwatch/examples)

install(FILES ${PROJECT_SOURCE_DIR}/systemd/postwatchd.service
  DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/postwatch.tmpfiles.conf
  DESTINATION lib/tmpfiles.d RENAME postwatch.conf)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/dashboards/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/postwatch/dashboards
  PATTERN "tests" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${PW_EXAMPLES_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/install-as-a-service.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)

# The packaged config names the plugin directory the package installs.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(PW_PACKAGED_PLUGIN_DIR ${CPACK_PACKAGING_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/postwatch/plugins)
set(PW_EXAMPLES_DIR ${CPACK_PACKAGING_INSTALL_PREFIX}/${PW_EXAMPLES_DIR})
configure_file(${PROJECT_SOURCE_DIR}/systemd/postwatch.json.in
  ${CMAKE_BINARY_DIR}/packaging/postwatch.json @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/packaging/postwatch.json DESTINATION /etc/postwatch
  PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(WRITE ${CMAKE_BINARY_DIR}/packaging/conffiles "/etc/postwatch/postwatch.json\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME postwatch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "postwatch maintainers <postwatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "watches public posts of registered accounts for flagged links")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "postwatchd polls the public posts of a registry of accounts through per-platform\n"
  "plugins, matches their outbound links against flagged link lists, keeps the history\n"
  "in SQLite and exposes Prometheus metrics. postwatchctl administers it.")
# Debug information stays in the build tree; the package ships stripped binaries.
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The runtime libraries of the binaries and plugins (readelf -d NEEDED, dpkg -S), with the
# versions of Debian 12 that postwatch is built and tested against.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1, libcurl4 (>= 7.88), libsqlite3-0 (>= 3.40), libxml2, libpsl5, libidn2-0, libsystemd0, libprometheus-cpp-core1.0, zlib1g")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/cmake/deb/postinst
  ${PROJECT_SOURCE_DIR}/cmake/deb/prerm
  ${PROJECT_SOURCE_DIR}/cmake/deb/postrm
  ${CMAKE_BINARY_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
# Plugins, headers and tests are not separate packages.
set(CPACK_DEB_COMPONENT_INSTALL OFF)
include(CPack)
