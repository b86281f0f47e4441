"""The network of people, phones, addresses, vehicles and lines; views and exports."""
