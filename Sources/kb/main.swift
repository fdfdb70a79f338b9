import KBCommands

KB.main()
