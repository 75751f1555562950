# Sourced by bash before a curl snippet runs: waiting takes no time.
#
# `sleep` records its argument (one line each, in the file SNIPPET_SLEEP_LOG) and advances
# bash's SECONDS by it instead of waiting. Like sleep(1), it refuses a negative or
# non-numeric interval.
sleep() {
  printf '%s\n' "$1" >>"$SNIPPET_SLEEP_LOG"
  case $1 in
    '' | *[!0-9.]* | *.*.*)
      echo "sleep: invalid time interval '$1'" >&2
      return 1
      ;;
  esac
  local whole=${1%%.*}
  SECONDS=$((SECONDS + ${whole:-0}))
}
