# Install rules and CPack for OAuth Workbench, included from the top-level CMakeLists.txt after
# the targets exist. Everything desktop-facing is named after WB_APP_ID (one reverse-DNS id):
# the .desktop file, the AppStream metainfo, the icons, the macOS bundle id and the Flatpak id.
#
#   cmake --install build --prefix /usr        install (DESTDIR works as usual)
#   cpack --config build/CPackConfig.cmake     .deb and .tar.gz on Linux (see docs/packaging.md)

include(GNUInstallDirs)

set(WB_PACKAGE_NAME oauth-workbench)
set(WB_HOMEPAGE_URL "https://oauthworkbench.dev")
set(WB_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(WB_ICON_SIZES 16 32 48 64 128 256 512)

# --- the executable ------------------------------------------------------------------------------
install(TARGETS oauth-workbench
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        BUNDLE DESTINATION .)

if(APPLE)
  # A .app bundle: Info.plist from our template (bundle id = WB_APP_ID) and the .icns in Resources.
  set(WB_MACOS_ICNS ${WB_PACKAGING_DIR}/macos/oauth-workbench.icns)
  set_source_files_properties(${WB_MACOS_ICNS} PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
  target_sources(oauth-workbench PRIVATE ${WB_MACOS_ICNS})
  set_target_properties(oauth-workbench PROPERTIES
    MACOSX_BUNDLE TRUE
    MACOSX_BUNDLE_INFO_PLIST ${WB_PACKAGING_DIR}/macos/Info.plist.in
    MACOSX_BUNDLE_GUI_IDENTIFIER ${WB_APP_ID}
    MACOSX_BUNDLE_BUNDLE_NAME "OAuth Workbench"
    MACOSX_BUNDLE_ICON_FILE oauth-workbench.icns
    MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
    MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION})
elseif(WIN32)
  # Icon and version resource. The app stays a console-subsystem program so the command-line
  # verbs print to the terminal that started them (see docs/packaging.md).
  set(WB_WINDOWS_ICO ${WB_PACKAGING_DIR}/windows/oauth-workbench.ico)
  configure_file(${WB_PACKAGING_DIR}/windows/oauth-workbench.rc.in
                 ${CMAKE_CURRENT_BINARY_DIR}/packaging/oauth-workbench.rc @ONLY)
  target_sources(oauth-workbench PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/packaging/oauth-workbench.rc)
endif()

# The man page carries the version and the date of the newest release in the metainfo.
file(READ ${WB_PACKAGING_DIR}/linux/${WB_APP_ID}.metainfo.xml WB_METAINFO)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${WB_PACKAGING_DIR}/linux/${WB_APP_ID}.metainfo.xml)
string(REGEX MATCH "<release version=\"[^\"]*\" date=\"([0-9-]+)\"" WB_NEWEST_RELEASE "${WB_METAINFO}")
set(WB_MAN_DATE ${CMAKE_MATCH_1})
set(WB_MAN_PAGE ${CMAKE_CURRENT_BINARY_DIR}/packaging/oauth-workbench.1)
configure_file(${WB_PACKAGING_DIR}/linux/oauth-workbench.1.in ${WB_MAN_PAGE} @ONLY)

if(WIN32 OR APPLE)
  # windeployqt / macdeployqt through Qt's own deploy script (Qt >= 6.3; OUTPUT_SCRIPT from 6.5).
  if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
    qt_generate_deploy_app_script(TARGET oauth-workbench OUTPUT_SCRIPT wb_deploy_script
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
  else()
    qt_generate_deploy_app_script(TARGET oauth-workbench FILENAME_VARIABLE wb_deploy_script
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
  endif()
  install(SCRIPT ${wb_deploy_script})
  if(WIN32)
    # windeployqt deploys Qt's DLLs only: QtKeychain's, simdjson's and OpenSSL's go next to the .exe too.
    get_target_property(wb_keychain_type qt6keychain TYPE)
    if(wb_keychain_type STREQUAL "SHARED_LIBRARY")
      install(IMPORTED_RUNTIME_ARTIFACTS qt6keychain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    endif()
    get_target_property(wb_simdjson_type simdjson::simdjson TYPE)
    if(wb_simdjson_type STREQUAL "SHARED_LIBRARY")
      install(IMPORTED_RUNTIME_ARTIFACTS simdjson::simdjson RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    endif()
    get_filename_component(wb_openssl_lib_dir "${OPENSSL_CRYPTO_LIBRARY}" DIRECTORY)
    find_file(WB_OPENSSL_CRYPTO_DLL NAMES libcrypto-3-x64.dll libcrypto-3.dll
              HINTS ${wb_openssl_lib_dir}/../bin ${wb_openssl_lib_dir} NO_DEFAULT_PATH)
    if(WB_OPENSSL_CRYPTO_DLL)
      install(FILES ${WB_OPENSSL_CRYPTO_DLL} DESTINATION ${CMAKE_INSTALL_BINDIR})
    else()
      message(WARNING "libcrypto-3 DLL not found next to ${OPENSSL_CRYPTO_LIBRARY}: "
                      "copy it next to oauth-workbench.exe by hand (docs/packaging.md)")
    endif()
  endif()
else()
  # --- freedesktop integration -------------------------------------------------------------------
  install(FILES ${WB_PACKAGING_DIR}/linux/${WB_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${WB_PACKAGING_DIR}/linux/${WB_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  foreach(size IN LISTS WB_ICON_SIZES)
    install(FILES ${WB_PACKAGING_DIR}/linux/icons/hicolor/${size}x${size}/apps/${WB_APP_ID}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
  install(FILES ${WB_PACKAGING_DIR}/linux/icons/${WB_APP_ID}.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

  # The man page, gzip-compressed as Debian policy asks (-n: no name or timestamp inside).
  find_program(WB_GZIP gzip)
  if(WB_GZIP)
    set(WB_MAN_PAGE_GZ ${CMAKE_CURRENT_BINARY_DIR}/packaging/man/oauth-workbench.1.gz)
    add_custom_command(OUTPUT ${WB_MAN_PAGE_GZ}
                       COMMAND ${CMAKE_COMMAND} -E copy ${WB_MAN_PAGE} ${CMAKE_CURRENT_BINARY_DIR}/packaging/man/
                       COMMAND ${WB_GZIP} -9nf ${CMAKE_CURRENT_BINARY_DIR}/packaging/man/oauth-workbench.1
                       DEPENDS ${WB_MAN_PAGE}
                       COMMENT "Compressing the man page"
                       VERBATIM)
    add_custom_target(wb-man-page ALL DEPENDS ${WB_MAN_PAGE_GZ})
    install(FILES ${WB_MAN_PAGE_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  else()
    install(FILES ${WB_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
endif()

# --- documentation -------------------------------------------------------------------------------
# share/doc/oauth-workbench (the package name, as Debian expects), not share/doc/OAuthWorkbench.
file(GLOB WB_DOC_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${WB_DOC_FILES}
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${WB_PACKAGE_NAME})

# --- CPack ---------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME ${WB_PACKAGE_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The OAuth Workbench developers")
set(CPACK_PACKAGE_CONTACT "The OAuth Workbench developers <packaging@oauthworkbench.dev>")
set(CPACK_PACKAGE_HOMEPAGE_URL ${WB_HOMEPAGE_URL})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines under 80 columns: the Debian control file keeps them as they are.
set(CPACK_PACKAGE_DESCRIPTION
    "OAuth Workbench shows every step of an OAuth 2.0 or OpenID Connect login
as it happened: the authorization request, each redirect hop, the callback
on the loopback listener, the token request exactly as sent and the response
exactly as received, and the decoded tokens. Failures come with a plain
explanation tied to the evidence. A desktop window and a headless command
line share the same core; secrets stay in the system keychain.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "OAuth Workbench")
set(CPACK_PACKAGE_EXECUTABLES oauth-workbench "OAuth Workbench")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
if(APPLE)
  set(CPACK_GENERATOR DragNDrop)
elseif(WIN32)
  set(CPACK_GENERATOR ZIP)
else()
  set(CPACK_GENERATOR DEB TGZ)
endif()

# Debian: dependencies from dpkg-shlibdeps; what it cannot see (helpers run at run time) below.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${WB_HOMEPAGE_URL})
# xdg-open opens the system browser; qt6-wayland runs the window natively on Wayland.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "xdg-utils, qt6-wayland")
# A Secret Service provider keeps the client secrets and tokens (the keychain).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring | keepassxc | kwalletmanager")

set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/node_modules/" "/\\\\.cache/")

include(CPack)
