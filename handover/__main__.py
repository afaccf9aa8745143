"""Allow `python -m handover`."""

from handover.launch import main

main()
