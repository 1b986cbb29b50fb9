"""Pages of the analytics app: public competence maps (``public.py``) and the analysts' data bank (``data_bank.py``)."""
