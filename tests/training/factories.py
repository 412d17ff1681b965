"""factory_boy factories for training records (shared by the training areas: append
only)."""

import datetime

import factory
from django.utils import timezone

from lantern.training.models import Booking, BookingStatus, Course, CourseKind, TrainingSession
from tests.factories import PartnershipFactory, UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    kind = CourseKind.CORE
    learning_outcomes = "Recognise neglect\nKnow when to refer"
    created_by = factory.SubFactory(UserFactory, partnership=factory.SelfAttribute("..partnership"))


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    partnership = factory.SelfAttribute("course.partnership")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    trainer = "Dana Trainer"
    venue = "Council House, Room 2"
    capacity = 20
    created_by = factory.SelfAttribute("course.created_by")


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(TrainingSessionFactory)
    partnership = factory.SelfAttribute("session.partnership")
    name = factory.Sequence(lambda n: f"Attendee {n}")
    email = factory.Sequence(lambda n: f"attendee{n}@agency.example.org")
    manager_name = factory.Sequence(lambda n: f"Manager {n}")
    manager_email = factory.Sequence(lambda n: f"manager{n}@agency.example.org")
    status = BookingStatus.ATTENDED
