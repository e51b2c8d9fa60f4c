# Warnings for our own targets only; call wb_target_warnings(target).
function(wb_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
  if(WB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(WB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
