#!/bin/sh
# screen.sh - placeholder
exit 77
