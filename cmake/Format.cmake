# `cmake --build build --target format` rewrites; `format-check` fails on any difference.
find_program(CLANG_FORMAT_PROGRAM NAMES clang-format-14 clang-format)
if(CLANG_FORMAT_PROGRAM)
  file(GLOB_RECURSE WB_FORMAT_SOURCES CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/src/*.cpp ${PROJECT_SOURCE_DIR}/src/*.h
       ${PROJECT_SOURCE_DIR}/tests/*.cpp ${PROJECT_SOURCE_DIR}/tests/*.h
       ${PROJECT_SOURCE_DIR}/bench/*.cpp)
  add_custom_target(format COMMAND ${CLANG_FORMAT_PROGRAM} -i ${WB_FORMAT_SOURCES}
                    COMMENT "clang-format: rewriting sources")
  add_custom_target(format-check COMMAND ${CLANG_FORMAT_PROGRAM} --dry-run --Werror ${WB_FORMAT_SOURCES}
                    COMMENT "clang-format: checking sources")
endif()
