#!/bin/sh
# bench-small.sh - placeholder
exit 77
